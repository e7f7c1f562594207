/** The names of the fields a request sets, for the audit trail: values may be sensitive, names are not. */
export function fieldsGiven(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}

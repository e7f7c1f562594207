/** How an environment variable's text becomes the value its rules check (class-transformer @Transform). */
export const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? value : n;
};
export const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1';
export const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

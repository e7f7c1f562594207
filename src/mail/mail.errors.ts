/** Production without SMTP_URL: features that need mail must check MailService.enabled first. */
export class MailDisabledError extends Error {
  constructor() {
    super('Mail is off: SMTP_URL is not set');
  }
}

/** Not one plain address (a list, a display name, a line break): refused before it reaches SMTP. */
export class InvalidRecipientError extends Error {
  constructor() {
    super('The recipient must be one email address');
  }
}

/** Parameters whose values never appear in logs or error messages. */
const SECRET_PARAMETERS = /\b(signature|apikey|secretkey|userdata|password)=[^&\s"'<>]*/gi;

/** Masks request parameters that carry credentials or userdata, and the secret key itself, in a text. */
export function redactSecrets(text: string, secretKey?: string): string {
  let redacted = text.replace(SECRET_PARAMETERS, (_match, name: string) => `${name}=***`);
  if (secretKey) redacted = redacted.split(secretKey).join('***');
  return redacted;
}

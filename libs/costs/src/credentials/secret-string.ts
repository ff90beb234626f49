/** A credential value that prints, logs and serialises as "[redacted]"; only `reveal()` gives the value. */
export { SecretValue as SecretString } from '@apex/config';

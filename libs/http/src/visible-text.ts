import { Matches } from 'class-validator';

/** A letter, digit, mark, punctuation or symbol: anything but white space, controls, format and unassigned code points. */
const VISIBLE = /[^\p{White_Space}\p{C}]/u;

/** The string must show something: a name of only spaces, zero-width or other invisible characters is refused. */
export const HasVisibleCharacter = () => Matches(VISIBLE, { message: ({ property }) => `${property} must have at least one visible character` });

/** Where to go after signing in: only paths inside the portal, never another site. */
export function safeReturnUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/app';
}

/** The text a form control submitted; file inputs and missing fields read as ''. */
export function readText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

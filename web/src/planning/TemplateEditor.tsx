export function TemplateEditor() {
  return null;
}

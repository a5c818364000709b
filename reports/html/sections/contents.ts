/** The table of contents: the sections' links, in section order. */
export function contentsNav(links: readonly string[]): string {
  return `<nav class="toc"><b>Contents:</b> ${links.join('')}</nav>`;
}

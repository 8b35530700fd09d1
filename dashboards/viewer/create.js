// Picks the viewer a definition needs: "kind": "nominations" (dossier counts) or the default area
// statistics viewer (poverty.json).
export async function createViewer(root, definition, options = {}) {
  if (definition.kind === "nominations") {
    const { NominationsViewer } = await import("./nominations.js");
    return new NominationsViewer(root, definition, options);
  }
  const { DashboardViewer } = await import("./viewer.js");
  return new DashboardViewer(root, definition, options);
}

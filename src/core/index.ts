// The public surface of the pure pipeline: dockerfile → graph → build → size, plus lint.
// Nothing here touches the DOM, Node or React; see ./tsconfig.json for the fence.
export {};

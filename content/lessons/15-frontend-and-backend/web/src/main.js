fetch("/api/items").then((r) => r.json()).then((items) => { document.body.textContent = items.join(", "); });

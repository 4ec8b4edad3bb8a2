document.body.textContent = "Hello from the build stage";

# Screen tests: filled in with the console.

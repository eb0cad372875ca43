// Keep or Boot: progressive enhancements only; every page works without them.

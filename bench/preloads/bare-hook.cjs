// The floor: an async_hooks init hook that does nothing. Registering any init hook makes Node
// install its PromiseHook, so every promise pays a call into JS; lingering cannot cost less.
const { createHook } = require('node:async_hooks');

createHook({ init() {} }).enable();

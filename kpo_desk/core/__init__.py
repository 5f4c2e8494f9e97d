"""The product itself: models, store, services. No Qt import may appear below this package."""

"""The home page: a top-level reader of every app (roles, the procedures one may start, the registry, reports)."""

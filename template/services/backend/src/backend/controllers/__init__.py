"""Controllers: the use cases behind the HTTP routes, free of HTTP details."""

"""HTTP routes: parse the request, call a controller, shape the response; nothing more."""

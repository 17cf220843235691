"""`check-compat`: what a change of the specs breaks for the clients and consumers out there.

The specs and the generated OpenAPI documents of the working tree are compared with those of a
git ref (framework.compat.base finds it and reads it). Every difference is a `Change`, breaking
or additive:

- breaking: a class or field removed, a field made required (or added as required), a type
  changed, an enum member removed, a limit tightened or a pattern changed, an operation, route
  or parameter removed or changed incompatibly (method, path, input, output, status, a
  parameter that becomes required), an event removed or its channel or message changed, an
  operation or a response status gone from an OpenAPI document;
- additive: a class, field (optional), enum member, operation, parameter (optional) or event
  added, a limit loosened.

Breaking changes fail the session, each named; additive ones are listed and pass.
"""

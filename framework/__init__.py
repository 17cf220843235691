"""The framework behind Nox Service Template projects.

A generated project carries it at `.framework/` and installs it into the root tooling venv. It
knows the project's layout (what a service is), checks it, and is the home of spec loading and
code generation.
"""

__version__ = "0.1.0"

"""Refuse imports of another module's private names (STYLE: a leading underscore
means "this module only"): `from x import _name`, and `module._name` where
`module` was imported. `make lint` runs it over the apps and the tests.

Ruff's PLC2701 sees only imports from other packages; this sees relative ones too.
"""

import ast
import sys
from pathlib import Path

ROOTS = ("cases", "members", "targets", "ssr_portal", "tests")
SKIP = ("migrations",)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_file(path: Path, node: ast.ImportFrom, name: str) -> bool:
    """Whether `from <node.module> import name` names a module (a file or package)."""
    if node.level:
        base = path.parent
        for _ in range(node.level - 1):
            base = base.parent
    else:
        base = Path()
    parts = node.module.split(".") if node.module else []
    target = base.joinpath(*parts, name)
    return target.with_suffix(".py").exists() or (target / "__init__.py").exists()


def problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _private(alias.name):
                    found.append(
                        f"{path}:{node.lineno}: imports the private name "
                        f"{alias.name} of {'.' * node.level}{node.module or ''}"
                    )
                elif _module_file(path, node, alias.name):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(
                f"{path}:{node.lineno}: uses the private name {node.attr} "
                f"of the module {node.value.id}"
            )
    return found


def main() -> int:
    found = []
    for root in ROOTS:
        for path in sorted(Path(root).rglob("*.py")):
            if not any(part in SKIP for part in path.parts):
                found += problems(path)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} imports of private names across modules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

"""Prompt registry: versioned YAML prompts under `prompts/<name>/v<N>.yaml`, checked at start-up.

Each file is validated by `PromptFile` (unknown keys rejected), its name and version must match
its path, and its Jinja2 templates are compiled in an immutable sandbox with `StrictUndefined`
(a missing variable is an error, never an empty string). Every interpolated value is
neutralised before it reaches the prompt: angle brackets become `‹ ›` and control characters
are dropped, so caller data (research pasted from the web, profiles, earlier messages) can
never open or close the `<research_data>`-style fences that mark it as untrusted.

Released versions are immutable: `prompts/prompts.lock` maps name → version → sha256 of the
file's canonical content (the parsed YAML as sorted, compact JSON, so comments and layout do
not count). Loading fails when a released prompt's hash differs or its file is gone. Release
new versions with::

    python -m service.llm.prompts lock      # add unreleased versions to the lock
    python -m service.llm.prompts check     # load and verify everything (CI)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from service.llm.schemas import ChatMessage, ModelParams

__all__ = [
    "LOCK_FILE_NAME",
    "Prompt",
    "PromptError",
    "PromptFile",
    "PromptRegistry",
    "PromptRenderError",
    "content_hash",
    "load_registry",
    "lock_versions",
    "neutralise",
    "read_lock",
]

LOCK_FILE_NAME = "prompts.lock"
_FILE_NAME = re.compile(r"^v([1-9][0-9]*)\.yaml$")
# Control, zero-width, soft-hyphen and bidi (embedding, override, isolate) characters: the
# same set the gate treats as hidden, so hidden text never reaches the model either.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2069\ufeff]"
)


class PromptError(Exception):
    """A prompt file (or the lock) is invalid; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


class PromptRenderError(PromptError):
    """A prompt could not be rendered with the given variables."""


class PromptFile(BaseModel):
    """The schema of one `prompts/<name>/v<N>.yaml` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    version: int = Field(ge=1)
    description: str = Field(min_length=1, max_length=500)
    model: ModelParams = ModelParams()
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)
    output_schema: dict[str, Any]
    changelog: str = Field(min_length=1, max_length=2000)

    @field_validator("output_schema")
    @classmethod
    def _strict_object_schema(cls, schema: dict[str, Any]) -> dict[str, Any]:
        # Strict structured output (json_schema mode) needs exactly this shape.
        if schema.get("type") != "object":
            raise ValueError("must be a JSON schema with type: object")
        properties = schema.get("properties")
        if not isinstance(properties, dict) or not properties:
            raise ValueError("must declare properties")
        if schema.get("additionalProperties") is not False:
            raise ValueError("must set additionalProperties: false")
        if set(schema.get("required") or []) != set(properties):
            raise ValueError("must list every property in required (use a null type for optional)")
        return schema


def neutralise(value: Any) -> Any:
    """Jinja `finalize` hook: caller text cannot form markup or carry control characters."""
    if isinstance(value, str):
        return _CONTROL.sub("", value).replace("<", "‹").replace(">", "›")
    return value


def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=neutralise,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


_ENV = _environment()


def content_hash(data: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON form of a parsed prompt file."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Prompt:
    """A loaded, validated prompt version, ready to render."""

    name: str
    version: int
    description: str
    params: ModelParams
    output_schema: Mapping[str, Any]
    changelog: str
    sha256: str
    path: Path
    released: bool
    variables: frozenset[str]
    _system: Template = field(repr=False, compare=False)
    _user: Template = field(repr=False, compare=False)

    @property
    def ref(self) -> str:
        return f"{self.name}/v{self.version}"

    @property
    def schema_name(self) -> str:
        """A name for the output schema, as structured-output APIs want one."""
        return f"{self.name}_v{self.version}"

    def metadata(self) -> dict[str, Any]:
        """What a draft records as its prompt provenance."""
        return {
            "name": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "description": self.description,
            "params": self.params.model_dump(exclude_none=True),
        }

    def render(self, **variables: Any) -> list[ChatMessage]:
        """System and user messages; unknown or missing variables raise `PromptRenderError`."""
        unknown = set(variables) - self.variables
        if unknown:
            raise PromptRenderError(
                self.path, f"unknown variable(s) {', '.join(sorted(unknown))} for {self.ref}"
            )
        context = {key: _plain(value) for key, value in variables.items()}
        try:
            system = self._system.render(context).strip()
            user = self._user.render(context).strip()
        except SecurityError as exc:
            raise PromptRenderError(
                self.path, f"unsafe template operation in {self.ref}: {exc}"
            ) from None
        except UndefinedError as exc:
            raise PromptRenderError(
                self.path, f"missing variable in {self.ref}: {exc.message}"
            ) from None
        except TemplateError as exc:
            raise PromptRenderError(self.path, f"cannot render {self.ref}: {exc}") from None
        return [ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)]


class PromptRegistry:
    """All loaded prompts, by name and version."""

    def __init__(self, prompts: Mapping[tuple[str, int], Prompt]) -> None:
        self._prompts = dict(prompts)

    def __iter__(self) -> Iterator[Prompt]:
        return iter(sorted(self._prompts.values(), key=lambda p: (p.name, p.version)))

    def __len__(self) -> int:
        return len(self._prompts)

    def names(self) -> list[str]:
        return sorted({name for name, _ in self._prompts})

    def versions(self, name: str) -> list[int]:
        return sorted(version for n, version in self._prompts if n == name)

    def get(self, name: str, version: int | None = None) -> Prompt:
        """The prompt `name` at `version`, or its latest version when `version` is None."""
        versions = self.versions(name)
        if not versions:
            raise KeyError(f"unknown prompt {name!r}")
        chosen = versions[-1] if version is None else version
        if (name, chosen) not in self._prompts:
            raise KeyError(f"unknown version {chosen} of prompt {name!r} (have {versions})")
        return self._prompts[(name, chosen)]

    def render(self, name: str, version: int | None = None, **variables: Any) -> list[ChatMessage]:
        return self.get(name, version).render(**variables)


def read_lock(path: Path) -> dict[str, dict[int, str]]:
    """The lock file as name → version → sha256; missing file → empty."""
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            str(name): {int(version): str(digest) for version, digest in versions.items()}
            for name, versions in raw.items()
        }
    except (ValueError, AttributeError, TypeError) as exc:
        raise PromptError(path, f"invalid lock file: {exc}") from None


def _write_lock(path: Path, lock: Mapping[str, Mapping[int, str]]) -> None:
    data = {
        name: {str(version): lock[name][version] for version in sorted(lock[name])}
        for name in sorted(lock)
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def resolve_prompts_dir(configured: Path) -> Path:
    """A relative prompts folder is looked up in the working directory, then the checkout."""
    if configured.is_absolute() or configured.exists():
        return configured
    from service.core.migrations import ROOT

    return ROOT / configured


def load_registry(
    prompts_dir: Path | str, *, lock_path: Path | str | None = None, verify_lock: bool = True
) -> PromptRegistry:
    """Load, validate and (against the lock) verify every prompt under `prompts_dir`."""
    root = Path(prompts_dir)
    if not root.is_dir():
        raise PromptError(root, "prompts directory does not exist")
    lock_file = Path(lock_path) if lock_path is not None else root / LOCK_FILE_NAME
    lock = read_lock(lock_file)
    prompts: dict[tuple[str, int], Prompt] = {}
    for path in _prompt_files(root):
        prompt = _load_file(path, lock)
        locked = lock.get(prompt.name, {}).get(prompt.version)
        if verify_lock and locked is not None and locked != prompt.sha256:
            raise PromptError(
                path,
                f"released prompt {prompt.ref} changed (lock {locked[:12]}…, file "
                f"{prompt.sha256[:12]}…); released versions are immutable: add "
                f"v{prompt.version + 1} instead",
            )
        prompts[(prompt.name, prompt.version)] = prompt
    if verify_lock:
        for name, versions in lock.items():
            for version in versions:
                if (name, version) not in prompts:
                    raise PromptError(lock_file, f"released prompt {name}/v{version} has no file")
    return PromptRegistry(prompts)


def _prompt_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name == LOCK_FILE_NAME or path.name.startswith("."):
            continue
        relative = path.relative_to(root)
        if path.suffix in (".yaml", ".yml") or len(relative.parts) > 1:
            if len(relative.parts) != 2 or not _FILE_NAME.match(path.name):
                raise PromptError(path, "prompt files must be named prompts/<name>/v<N>.yaml")
            files.append(path)
    return files


def _load_file(path: Path, lock: Mapping[str, Mapping[int, str]]) -> Prompt:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PromptError(path, f"invalid YAML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(path, f"cannot read: {exc}") from None
    if not isinstance(raw, dict):
        raise PromptError(path, "must be a YAML mapping")
    try:
        spec = PromptFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(file)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise PromptError(path, f"invalid prompt: {problems}") from None
    match = _FILE_NAME.match(path.name)
    assert match is not None
    if spec.name != path.parent.name:
        raise PromptError(path, f"name {spec.name!r} does not match directory {path.parent.name!r}")
    if spec.version != int(match.group(1)):
        raise PromptError(path, f"version {spec.version} does not match file name {path.name!r}")
    system, system_vars = _compile(path, "system", spec.system)
    user, user_vars = _compile(path, "user", spec.user)
    return Prompt(
        name=spec.name,
        version=spec.version,
        description=spec.description,
        params=spec.model,
        output_schema=spec.output_schema,
        changelog=spec.changelog,
        sha256=content_hash(raw),
        path=path,
        released=spec.version in lock.get(spec.name, {}),
        variables=frozenset(system_vars | user_vars),
        _system=system,
        _user=user,
    )


def _compile(path: Path, key: str, source: str) -> tuple[Template, set[str]]:
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise PromptError(path, f"{key} template, line {exc.lineno}: {exc.message}") from None
    # The sandbox refuses these at render time too; refusing at load makes a bad prompt fail
    # at start-up instead of on the first draft that reaches that branch.
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        name = _private_name(node)
        if name is not None:
            raise PromptError(
                path, f"{key} template, line {node.lineno}: access to private attribute {name!r}"
            )
    return _ENV.from_string(tree), set(meta.find_undeclared_variables(tree))


def _private_name(node: nodes.Node) -> str | None:
    attr: Any
    if isinstance(node, nodes.Getattr):
        attr = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        attr = node.arg.value
    elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
        first = node.args[0]
        attr = first.value if isinstance(first, nodes.Const) else None
    else:
        return None
    return attr if isinstance(attr, str) and attr.startswith("_") else None


def _plain(value: Any) -> Any:
    """Pydantic models become plain data, so templates see the same shapes either way."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def lock_versions(prompts_dir: Path | str, *, lock_path: Path | str | None = None) -> list[str]:
    """Add every unreleased prompt version to the lock; released entries are never rewritten."""
    root = Path(prompts_dir)
    lock_file = Path(lock_path) if lock_path is not None else root / LOCK_FILE_NAME
    registry = load_registry(root, lock_path=lock_file)  # refuses changed released prompts
    lock = read_lock(lock_file)
    added = []
    for prompt in registry:
        if not prompt.released:
            lock.setdefault(prompt.name, {})[prompt.version] = prompt.sha256
            added.append(prompt.ref)
    if added:
        _write_lock(lock_file, lock)
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.llm.prompts", description=__doc__)
    parser.add_argument("command", choices=["lock", "check", "list"])
    parser.add_argument("--prompts-dir", default="prompts")
    args = parser.parse_args(argv)
    try:
        if args.command == "lock":
            added = lock_versions(args.prompts_dir)
            print("locked: " + (", ".join(added) if added else "nothing new"))
            return 0
        registry = load_registry(args.prompts_dir)
    except PromptError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for prompt in registry:
        state = "released" if prompt.released else "UNRELEASED"
        print(f"{prompt.ref:<28} {state:<10} {prompt.sha256[:16]}  {prompt.description}")
    unreleased = [p.ref for p in registry if not p.released]
    if args.command == "check" and unreleased:
        print(f"error: not in the lock: {', '.join(unreleased)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

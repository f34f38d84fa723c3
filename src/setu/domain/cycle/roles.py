"""Who takes part in the JCM cycle (`jcm.md` §1), and a role held for a scope.

A role is held by a user of an organisation for a scope, and what the scope names depends on the role:

- the participants' roles (`FOCAL_POINT`, `PROJECT_PARTICIPANT`) are held for one project
  (`IN-JCM-PV-001`), never for `*`: a focal point speaks for the participants of one project;
- a `REGISTRY_MANAGER` is held for the registry it manages (`IND01`), never for `*` (each Side designates
  the manager of its own registry, `jcm.md` §1 and §6.1). It may act on any project's ISSUE, but only
  if it manages every registry the JC decision issues into (`checks.check_action`);
- every other role is held for one project or for everything (`*`, e.g. the Joint Committee).

A TPE's role also names the sectoral scopes it is designated for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

ANY_SCOPE = "*"


class Role(Enum):
    JC_MEMBER = "Joint Committee member"
    JC_SECRETARIAT = "Joint Committee secretariat"
    GOVERNMENT_OF_INDIA = "Government of India (national designated authority)"
    GOVERNMENT_OF_JAPAN = "Government of Japan"
    FOCAL_POINT = "project participants' focal point"
    PROJECT_PARTICIPANT = "project participant"
    TPE = "third-party entity"
    REGISTRY_MANAGER = "registry manager"
    PUBLIC = "member of the public"


PROJECT_ROLES = frozenset({Role.FOCAL_POINT, Role.PROJECT_PARTICIPANT})
"""Roles granted for one project only; `*` is refused at grant time."""

REGISTRY_ROLES = frozenset({Role.REGISTRY_MANAGER})
"""Roles granted for one registry (its code, e.g. `IND01`); `*` is refused at grant time."""


@dataclass(frozen=True, slots=True)
class RoleGrant:
    """`role` held by `user` (of `organisation`) for `scope`; TPEs list their designated sectoral scopes."""

    user: str
    organisation: str
    role: Role
    scope: str = ANY_SCOPE
    sectoral_scopes: tuple[str, ...] = ()

    def covers(self, scope: str) -> bool:
        """Whether the role may be used on project `scope`. A registry role's scope is a registry, not a
        project: it may be used on any project, and `manages` says which registries it acts in."""
        return self.role in REGISTRY_ROLES or self.scope in (ANY_SCOPE, scope)

    def manages(self, registry: str) -> bool:
        """Whether this grant makes its holder the manager of `registry` (`*` manages no registry)."""
        return self.role in REGISTRY_ROLES and self.scope == registry


@dataclass(frozen=True, slots=True)
class Actor:
    """A user acting, with every role grant they hold."""

    user: str
    organisation: str
    grants: tuple[RoleGrant, ...]

    def roles_for(self, scope: str) -> frozenset[Role]:
        """Every role this actor holds for project `scope`; anyone is the public."""
        return frozenset({g.role for g in self.grants if g.covers(scope)} | {Role.PUBLIC})

    def manages(self, registry: str) -> bool:
        """Whether this actor is a registry manager of `registry`."""
        return any(g.manages(registry) for g in self.grants)

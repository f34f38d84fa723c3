"""Who takes part in the JCM cycle (`jcm.md` §1), and a role held for a scope.

A role is held by a user of an organisation for a scope: one project (`IN-JCM-PV-001`), a registry
(`IND01`), or everything (`*`, e.g. the Joint Committee). A TPE's role also names the sectoral scopes it
is designated for.
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


@dataclass(frozen=True, slots=True)
class RoleGrant:
    """`role` held by `user` (of `organisation`) for `scope`; TPEs list their designated sectoral scopes."""

    user: str
    organisation: str
    role: Role
    scope: str = ANY_SCOPE
    sectoral_scopes: tuple[str, ...] = ()

    def covers(self, scope: str) -> bool:
        return self.scope in (ANY_SCOPE, scope)


@dataclass(frozen=True, slots=True)
class Actor:
    """A user acting, with every role grant they hold."""

    user: str
    organisation: str
    grants: tuple[RoleGrant, ...]

    def roles_for(self, scope: str) -> frozenset[Role]:
        """Every role this actor holds for `scope`; anyone is the public."""
        return frozenset({g.role for g in self.grants if g.covers(scope)} | {Role.PUBLIC})

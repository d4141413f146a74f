"""An order placed through the API."""

from dataclasses import dataclass, field


@dataclass
class Order:
    id: str
    items: list = field(default_factory=list)
    total_cents: int = 0
    status: str = "open"

    def to_dict(self):
        return {"id": self.id, "items": list(self.items), "total_cents": self.total_cents, "status": self.status}

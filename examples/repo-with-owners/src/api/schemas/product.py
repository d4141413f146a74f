"""A product of the catalogue."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:  
    id: str
    name: str
    price_cents: int
 
    def to_dict(self):
        return {"id": self.id, "name": self.name, "price_cents": self.price_cents}

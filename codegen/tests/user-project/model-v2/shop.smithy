$version: "2"

namespace example.shop

use aws.protocols#restJson1

/// A small shop: version 2 adds `DeleteItem` and makes `Item.price` a `Long`.
@restJson1
service Shop {
    version: "2024-01-01"
    operations: [GetItem, DeleteItem]
}

/// Reads one item.
@readonly
@http(method: "GET", uri: "/items/{id}")
operation GetItem {
    input := {
        @required
        @httpLabel
        id: String
    }
    output := {
        item: Item
    }
    errors: [NoSuchItem]
}

/// Deletes one item.
@idempotent
@http(method: "DELETE", uri: "/items/{id}")
operation DeleteItem {
    input := {
        @required
        @httpLabel
        id: String
    }
    errors: [NoSuchItem]
}

structure Item {
    name: String
    price: Long
}

/// The item does not exist.
@error("client")
@httpError(404)
structure NoSuchItem {
    message: String
}

$version: "2"

namespace example.shop

use aws.protocols#restJson1

/// A small shop: version 1 of the model.
@restJson1
service Shop {
    version: "2024-01-01"
    operations: [GetItem]
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

structure Item {
    name: String
    price: Integer
}

/// The item does not exist.
@error("client")
@httpError(404)
structure NoSuchItem {
    message: String
}

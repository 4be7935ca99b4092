// Written for `cargo xtask protocol-tests`: the one shape of Smithy's validation library
// (smithy-validation-model) that the protocol test models use, reduced to what a client reads.
$version: "2.0"

namespace smithy.framework

@error("client")
structure ValidationException {
    @required
    message: String

    fieldList: ValidationExceptionFieldList
}

structure ValidationExceptionField {
    @required
    path: String

    @required
    message: String
}

list ValidationExceptionFieldList {
    member: ValidationExceptionField
}

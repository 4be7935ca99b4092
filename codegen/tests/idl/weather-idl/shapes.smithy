$version: "2"

namespace example.weather

@pattern("^[a-z0-9-]+$")
string CityId

@mixin
structure CityFields {
    /// The city's name, as its people write it.
    @required
    name: String

    population: Long = 0

    climate: Climate
}

enum Climate {
    ARID = "arid"
    TEMPERATE = "temperate"
    POLAR
}

list CitySummaries {
    member: CitySummary
}

structure CitySummary {
    @required
    cityId: CityId
    name: String
}

@error("client")
@httpError(404)
structure NoSuchCity {
    message: String
}

@error("client")
@retryable(throttling: true)
@httpError(429)
structure Throttled {
    message: String
}

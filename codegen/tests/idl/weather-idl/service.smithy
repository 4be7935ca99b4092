$version: "2"

namespace example.weather

use aws.api#service
use aws.auth#sigv4
use aws.protocols#restJson1

/// Forecasts for the cities we know about.
@restJson1
@service(sdkId: "Weather")
@sigv4(name: "weather")
@title("Weather Service")
service Weather {
    version: "2024-01-01"
    operations: [GetCity, ListCities]
    errors: [Throttled]
}

/// Reads one city.
@readonly
@http(method: "GET", uri: "/cities/{cityId}")
operation GetCity {
    input := {
        @required
        @httpLabel
        cityId: CityId
    }
    output := with [CityFields] {
        @required
        cityId: CityId
    }
    errors: [NoSuchCity]
}

@readonly
@paginated(inputToken: "nextToken", outputToken: "nextToken", items: "items", pageSize: "pageSize")
@http(method: "GET", uri: "/cities")
operation ListCities {
    input := {
        @httpQuery("next")
        nextToken: String
        @httpQuery("size")
        @range(min: 1, max: 50)
        pageSize: Integer
    }
    output := {
        nextToken: String
        @required
        items: CitySummaries
    }
}

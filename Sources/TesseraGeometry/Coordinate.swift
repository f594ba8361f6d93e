/// One position: WGS84 longitude and latitude in degrees, and an optional height (z) in metres.
public struct Coordinate: Sendable, Hashable {
    /// Degrees east of Greenwich, in [-180, 180] for valid data.
    public var longitude: Double
    /// Degrees north of the equator, in [-90, 90] for valid data.
    public var latitude: Double
    /// Height in metres, or nil for a 2D position.
    public var z: Double?

    /// Creates a position from longitude, latitude and an optional height.
    public init(longitude: Double, latitude: Double, z: Double? = nil) {
        self.longitude = longitude
        self.latitude = latitude
        self.z = z
    }

    /// Creates a position in the `x, y[, z]` order of WKT, WKB and GeoJSON (longitude first).
    public init(_ longitude: Double, _ latitude: Double, _ z: Double? = nil) {
        self.init(longitude: longitude, latitude: latitude, z: z)
    }

    /// Whether the position has a height.
    public var hasZ: Bool { z != nil }

    /// The same position without its height.
    public var flattened: Coordinate { Coordinate(longitude: longitude, latitude: latitude) }
}

extension Coordinate: CustomStringConvertible {
    public var description: String {
        var text = NumberText.format(longitude) + " " + NumberText.format(latitude)
        if let z { text += " " + NumberText.format(z) }
        return text
    }
}

/// Shortest decimal spellings of doubles that read back to the same bits.
enum NumberText {
    /// Integral values below 1e15 print without a fraction (`12`, `-0`); others use Swift's shortest
    /// round-trip form (`0.1`, `1e-07`, `1.5e+20`), which WKT and JSON readers both accept.
    static func format(_ value: Double) -> String {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            if value == 0 { return value.sign == .minus ? "-0" : "0" }
            return String(Int64(value))
        }
        return value.description
    }

    /// Appends ``format(_:)`` as UTF-8.
    static func append(_ value: Double, to out: inout [UInt8]) {
        out.append(contentsOf: format(value).utf8)
    }
}

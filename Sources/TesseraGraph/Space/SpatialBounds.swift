import TesseraCore
import TesseraGeometry

/// The bounding box of a geometry: longitude and latitude in degrees, height in metres when the
/// geometry has Z.
public struct SpatialBounds: Sendable, Equatable, CustomStringConvertible {
    /// Westernmost longitude.
    public var minLongitude: Double
    /// Southernmost latitude.
    public var minLatitude: Double
    /// Easternmost longitude.
    public var maxLongitude: Double
    /// Northernmost latitude.
    public var maxLatitude: Double
    /// Lowest height in metres, when positions carry one.
    public var minHeightMeters: Double?
    /// Highest height in metres, when positions carry one.
    public var maxHeightMeters: Double?

    /// Creates a 2D box.
    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    init(point: GeoJSONCheck.Position) {
        self.init(minLongitude: point.x, minLatitude: point.y, maxLongitude: point.x, maxLatitude: point.y)
        if point.count == 3 {
            minHeightMeters = point.z
            maxHeightMeters = point.z
        }
    }

    mutating func extend(_ point: GeoJSONCheck.Position) {
        minLongitude = min(minLongitude, point.x)
        maxLongitude = max(maxLongitude, point.x)
        minLatitude = min(minLatitude, point.y)
        maxLatitude = max(maxLatitude, point.y)
        if point.count == 3 {
            minHeightMeters = min(minHeightMeters ?? point.z, point.z)
            maxHeightMeters = max(maxHeightMeters ?? point.z, point.z)
        }
    }

    /// Whether the box is one position (the box of a point; a geometry is stored with its exact box, so the
    /// position is the point's).
    public var isPoint: Bool { minLongitude == maxLongitude && minLatitude == maxLatitude }

    /// The point a degenerate box is (its height too, for a 3D point); nil for any other box.
    public var point: Geometry? {
        guard isPoint else { return nil }
        return .point(Coordinate(longitude: minLongitude, latitude: minLatitude, z: minHeightMeters))
    }

    /// Whether the two boxes share at least one point (edges included).
    public func intersects(_ other: SpatialBounds) -> Bool {
        minLongitude <= other.maxLongitude && other.minLongitude <= maxLongitude
            && minLatitude <= other.maxLatitude && other.minLatitude <= maxLatitude
    }

    /// Whether the heights overlap `[low, high]`; boxes without heights count as at height 0.
    public func overlapsHeights(_ low: Double, _ high: Double) -> Bool {
        (minHeightMeters ?? 0) <= high && low <= (maxHeightMeters ?? 0)
    }

    /// Whether stored heights (NaN for a 2D geometry, which counts as height 0) overlap `range`; the space-time
    /// index and the R-tree of history keep heights that way.
    static func storedHeights(_ low: Double, _ high: Double, overlap range: ClosedRange<Double>) -> Bool {
        (low.isNaN ? 0 : low) <= range.upperBound && range.lowerBound <= (high.isNaN ? 0 : high)
    }

    public var description: String {
        "[\(minLongitude), \(minLatitude), \(maxLongitude), \(maxLatitude)]"
    }
}

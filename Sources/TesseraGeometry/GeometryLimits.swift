/// Limits on the inputs the readers accept.
public enum GeometryLimits {
    /// The deepest nesting of geometry collections inside each other.
    public static let maxCollectionDepth = 32
}

/// Tracks that every position of one geometry has the same number of values (2, or 3 with a height).
struct DimensionTracker {
    /// 2 or 3 once the first position has been read.
    private(set) var width: Int?

    /// Records a position of `count` values; throws when it differs from the earlier ones.
    mutating func record(_ count: Int, offset: Int? = nil, path: String? = nil) throws(GeometryError) {
        guard let width else {
            self.width = count
            return
        }
        guard width == count else {
            throw GeometryError(
                .unsupported,
                "position has \(count) values but earlier positions have \(width): a geometry is either 2D or 3D "
                    + "throughout",
                offset: offset, path: path)
        }
    }
}

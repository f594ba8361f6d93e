/// The levels BeiDou and GeoSOT cells share: BeiDou levels 4-10 are exactly GeoSOT levels 15, 19, 20, 23, 26,
/// 29 and 32 (1', 4", 2", 1/4", 1/32", 1/256" and 1/2048" cells).
public enum SharedGridLevels {
    /// The GeoSOT level equal to a BeiDou level, or nil for BeiDou levels 1-3 (6°x4°, 30', 15'x10').
    public static func geoSOTLevel(forBeiDouLevel level: Int) -> Int? {
        switch level {
        case 4: 15
        case 5: 19
        case 6: 20
        case 7...10: 23 + 3 * (level - 7)
        default: nil
        }
    }

    /// The BeiDou level equal to a GeoSOT level, or nil when there is none.
    public static func beiDouLevel(forGeoSOTLevel level: Int) -> Int? {
        switch level {
        case 15: 4
        case 19: 5
        case 20: 6
        case 23, 26, 29, 32: 7 + (level - 23) / 3
        default: nil
        }
    }

    static func beiDouError(_ level: Int) -> GridError {
        GridError(
            .notConvertible,
            "BeiDou level \(level) has no GeoSOT equal: BeiDou levels 4-10 are GeoSOT levels 15, 19, 20, 23, 26, 29, 32"
        )
    }

    static func geoSOTError(_ level: Int) -> GridError {
        GridError(
            .notConvertible,
            "GeoSOT level \(level) has no BeiDou equal: GeoSOT levels 15, 19, 20, 23, 26, 29, 32 are BeiDou levels 4-10"
        )
    }
}

extension GeoSOTCell {
    /// The GeoSOT cell covering exactly the same area as a BeiDou cell at levels 4-10.
    public init(_ cell: BeiDouCell) throws(GridError) {
        guard let level = SharedGridLevels.geoSOTLevel(forBeiDouLevel: cell.level) else {
            throw SharedGridLevels.beiDouError(cell.level)
        }
        let (longitude, latitude) = cell.geoSOTAxes
        self.init(key: Morton.interleave(latitude: latitude, longitude: longitude), level: level)
    }
}

extension BeiDouCell {
    /// The BeiDou cell covering exactly the same area as a GeoSOT cell at levels 15, 19, 20, 23, 26, 29 or 32.
    ///
    /// Throws for other levels, for virtual cells, and for cells beyond 180° or in the polar caps.
    public init(_ cell: GeoSOTCell) throws(GridError) {
        guard let level = SharedGridLevels.beiDouLevel(forGeoSOTLevel: cell.level) else {
            throw SharedGridLevels.geoSOTError(cell.level)
        }
        let key = cell.key
        try self.init(level: level, longitudeAxis: Morton.compact2(key), latitudeAxis: Morton.compact2(key >> 1))
    }

    /// Creates a cell from GeoSOT axis values whose magnitudes align to the level.
    init(level: Int, longitudeAxis: UInt32, latitudeAxis: UInt32) throws(GridError) {
        guard let x = GeoSOTAxis.magnitude(longitudeAxis, clamp: false),
            let y = GeoSOTAxis.magnitude(latitudeAxis, clamp: false)
        else {
            throw GridError(.notConvertible, "the GeoSOT cell is virtual (minutes or seconds 60-63): it has no area")
        }
        let width = BeiDouLayout.width(level)
        let height = BeiDouLayout.height(level)
        guard x + width <= BeiDouLayout.halfTurn else {
            throw GridError(.notConvertible, "the GeoSOT cell lies beyond 180° longitude")
        }
        guard y + height <= BeiDouLayout.polarLimit else {
            throw GridError(
                .polarCap, "the GeoSOT cell lies in a polar cap (|latitude| >= 88°), where BeiDou codes stop")
        }
        self.init(
            level: level,
            column: BeiDouLayout.index(corner: x, negative: longitudeAxis >> 31 != 0, width),
            row: BeiDouLayout.index(corner: y, negative: latitudeAxis >> 31 != 0, height))
    }

    /// The GeoSOT axis values of the cell's corner nearest the origin.
    var geoSOTAxes: (longitude: UInt32, latitude: UInt32) {
        let x = BeiDouLayout.corner(Int64(storedColumn), BeiDouLayout.width(level))
        let y = BeiDouLayout.corner(Int64(storedRow), BeiDouLayout.height(level))
        return (
            GeoSOTAxis.pack(negative: storedColumn < 0, magnitude: x),
            GeoSOTAxis.pack(negative: storedRow < 0, magnitude: y)
        )
    }
}

extension GeoSOTCell3D {
    /// The GeoSOT cell covering exactly the same volume as a BeiDou 3D cell at levels 4-10.
    public init(_ cell: BeiDouCell3D) throws(GridError) {
        guard let level = SharedGridLevels.geoSOTLevel(forBeiDouLevel: cell.level) else {
            throw SharedGridLevels.beiDouError(cell.level)
        }
        let (longitude, latitude) = cell.footprint.geoSOTAxes
        let height = GeoSOTCell3D.axis(cell.lowestHeight)
        self.init(
            key: GeoSOTKey3D(Morton.interleave(latitude: latitude, longitude: longitude, height: height)), level: level)
    }
}

extension BeiDouCell3D {
    /// The BeiDou 3D cell covering exactly the same volume as a GeoSOT 3D cell at a shared level.
    ///
    /// Throws as ``BeiDouCell/init(_:)`` does, and for heights beyond the range of 3D codes.
    public init(_ cell: GeoSOTCell3D) throws(GridError) {
        guard let level = SharedGridLevels.beiDouLevel(forGeoSOTLevel: cell.level) else {
            throw SharedGridLevels.geoSOTError(cell.level)
        }
        let axes = Morton.deinterleave3(cell.key.value)
        let footprint = try BeiDouCell(level: level, longitudeAxis: axes.longitude, latitudeAxis: axes.latitude)
        guard let magnitude = GeoSOTAxis.magnitude(axes.height, clamp: false) else {
            throw GridError(.notConvertible, "the GeoSOT cell is virtual (minutes or seconds 60-63): it has no volume")
        }
        guard magnitude < Int64(BeiDouCell3D.maxHeightMagnitude) else {
            throw GridError(.invalidHeight, "the GeoSOT cell lies beyond the height range of BeiDou 3D codes")
        }
        self.init(footprint: footprint, isBelowGround: axes.height >> 31 != 0, heightCorner: UInt32(magnitude))
    }
}

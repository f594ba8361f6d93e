import TesseraGeometry
import TesseraGrid

/// BeiDou grid codes (GB/T 39409-2020), 2D and 3D, over the TesseraGrid encoders.
extension SpatialFunctions {
    /// A parsed code: a 2D cell, or a 3D cell with its height range.
    enum GridCell {
        case flat(BeiDouCell)
        case solid(BeiDouCell3D)

        /// The horizontal cell.
        var footprint: BeiDouCell {
            switch self {
            case .flat(let cell): cell
            case .solid(let cell): cell.footprint
            }
        }
    }

    /// Dispatches the grid functions; nil when `name` is not one of them.
    static func callGridFunction(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        switch name {
        case "beidou": return try beiDouCode(arguments[0], level: try gridLevel(arguments[1], name))
        case "beidou3d": return try beiDouCode3D(arguments[0], level: try gridLevel(arguments[1], name))
        case "beidou.cell":
            let box = try gridCell(arguments[0], name).footprint.bounds
            return .geometry(rectangle(west: box.west, south: box.south, east: box.east, north: box.north))
        case "beidou.contains": return try cellContains(try gridCell(arguments[0], name), arguments[1])
        case "beidou.level": return .int(Int64(try gridCell(arguments[0], name).footprint.level))
        case "beidou.parent":
            let cell = try gridCell(arguments[0], name)
            return try parent(cell, level: arguments.count > 1 ? try gridLevel(arguments[1], name) : nil)
        default: return nil
        }
    }

    /// A level argument: an integer in 1...10.
    static func gridLevel(_ value: QueryValue, _ name: String) throws(QueryError) -> Int {
        guard case .int(let level) = value else {
            throw QueryError.type("\(name)(): the level must be an integer, got \(typeName(value))")
        }
        guard BeiDouCell.levels.contains(Int(clamping: level)) else {
            throw QueryError.argument("\(name)(): level \(level) is not a BeiDou level (1 to 10)")
        }
        return Int(level)
    }

    /// A grid error as an argument error of function `name`.
    static func gridFailure(_ error: GridError, _ name: String) -> QueryError {
        QueryError.argument("\(name)(): \(error.message)")
    }

    /// `beidou(x, level)`: the code of the cell at `level` containing a point; for other geometries, the code of
    /// the smallest cell at `level` or above that contains the bounding box (null when no level-1 cell does).
    static func beiDouCode(_ value: QueryValue, level: Int) throws(QueryError) -> QueryValue {
        guard let geometry = try required(value, "beidou") else { return .null }
        guard let box = geometry.boundingBox else { return .null }
        do {
            let southWest = try BeiDouCell(
                containing: GeoPoint(longitude: box.minLongitude, latitude: box.minLatitude), level: level)
            if case .point = geometry { return .string(southWest.code) }
            let northEast = try BeiDouCell(
                containing: GeoPoint(longitude: box.maxLongitude, latitude: box.maxLatitude), level: level)
            for candidate in stride(from: level, through: 1, by: -1) {
                let cell = southWest.ancestor(atLevel: candidate)
                if cell == northEast.ancestor(atLevel: candidate) { return .string(cell.code) }
            }
            return .null
        } catch {
            throw gridFailure(error, "beidou")
        }
    }

    /// `beidou3d(p, level)`: the 3D code of a point with a height (a `wgs-84-3d` point, a 3D point geometry or
    /// a node whose geometry is one).
    static func beiDouCode3D(_ value: QueryValue, level: Int) throws(QueryError) -> QueryValue {
        guard let geometry = try required(value, "beidou3d") else { return .null }
        guard case .point(let position) = geometry else {
            throw QueryError.argument("beidou3d(): expected a point, got a \(geometry.kind.rawValue)")
        }
        guard let height = position.z else {
            throw QueryError.argument(
                "beidou3d(): the point has no height; use point({longitude: ..., latitude: ..., height: ...})")
        }
        do {
            let point = GeoPoint(longitude: position.longitude, latitude: position.latitude)
            return .string(try BeiDouCell3D(containing: point, heightMeters: height, level: level).code)
        } catch {
            throw gridFailure(error, "beidou3d")
        }
    }

    /// Parses a 2D or 3D code; 3D codes have a digit (the height sign) where 2D codes have their band letter.
    static func gridCell(_ value: QueryValue, _ name: String) throws(QueryError) -> GridCell {
        guard case .string(let code) = value else {
            throw QueryError.type("\(name)(): expected a BeiDou code string, got \(typeName(value))")
        }
        let bytes = Array(code.utf8.prefix(4))
        let is3D = bytes.count == 4 && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[3])
        do {
            return is3D ? .solid(try BeiDouCell3D(code: code)) : .flat(try BeiDouCell(code: code))
        } catch {
            throw gridFailure(error, name)
        }
    }

    /// `beidou.contains(code, x)`: whether every position of `x` lies in the cell, edges included; for a 3D
    /// code, heights must lie in the cell's height range too.
    static func cellContains(_ cell: GridCell, _ value: QueryValue) throws(QueryError) -> QueryValue {
        if isCartesianPoint(value) { return .null }
        guard let geometry = try required(value, "beidou.contains") else { return .null }
        guard !geometry.isEmpty else { return .bool(false) }
        let footprint = cell.footprint
        var inside = true
        var missingHeight = false
        geometry.forEachCoordinate { position in
            guard inside else { return }
            inside = footprint.contains(GeoPoint(longitude: position.longitude, latitude: position.latitude))
            if case .solid(let solid) = cell {
                guard let height = position.z else {
                    missingHeight = true
                    inside = false
                    return
                }
                inside = inside && solid.heightRangeMeters.contains(height)
            }
        }
        guard !missingHeight else {
            throw QueryError.argument("beidou.contains(): a 3D code needs positions with heights")
        }
        return .bool(inside)
    }

    /// `beidou.parent(code[, level])`: the code of the enclosing cell one level up (null at level 1), or at
    /// `level`, which must not exceed the code's own level.
    static func parent(_ cell: GridCell, level: Int?) throws(QueryError) -> QueryValue {
        let own = cell.footprint.level
        let target = level ?? own - 1
        guard target >= 1 else { return .null }
        guard target <= own else {
            throw QueryError.argument("beidou.parent(): level \(target) is finer than the code's own level \(own)")
        }
        switch cell {
        case .flat(let flat): return .string(flat.ancestor(atLevel: target).code)
        case .solid(var solid):
            while solid.level > target, let up = solid.parent { solid = up }
            return .string(solid.code)
        }
    }
}

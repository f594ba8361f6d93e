import TesseraCore
import TesseraGeometry
import TesseraGraph

// What a statement learns about the versions the spatial index finds, and the scans that stream.
extension GraphAccess {

    /// The node's geometry parsed from its GeoJSON text (nil without one, or when it does not parse: the
    /// caller then takes the general path, which reports the error).
    func parsedGeometry(of node: NodeValue) -> Geometry? {
        guard !node.isPartial, let text = node.geometry else { return nil }
        let key = VersionKey(node)
        if let parsed = parsedGeometries[key] { return parsed }
        guard let parsed = try? SpatialFunctions.parseGeometry(text) else { return nil }
        parsedGeometries[key] = parsed
        return parsed
    }

    /// The parsed geometry the spatial index kept for a partial node, if any.
    func knownGeometry(of node: NodeValue) -> Geometry? {
        guard node.isPartial else { return nil }
        return node.known?.geometry
    }

    /// `rectangle` prepared for exact predicate tests, made once per statement.
    func prepared(rectangle: SpatialBounds, geometry: Geometry) -> PreparedGeometry? {
        let key = RectangleKey(rectangle)
        if let known = preparedRectangles[key] { return known }
        guard let made = try? geometryEngine.prepare(geometry) else { return nil }
        preparedRectangles[key] = made
        return made
    }

    /// The nodes ``nodes(label:pin:)`` returns, in the same order, read one at a time as `body` asks for them:
    /// a statement that stops early (LIMIT) reads no further, and memory stays flat. For instants in statements
    /// that have written nothing (otherwise the whole list, as before). Returns false when `body` stopped.
    func forEachNode(label: String?, pin: TimePin, _ body: (NodeValue) throws(QueryError) -> Bool) throws(QueryError)
        -> Bool
    {
        guard pin.isInstant, !hasWrites else {
            for node in try nodes(label: label, pin: pin) where !(try body(node)) { return false }
            return true
        }
        var failure: QueryError?
        var stopped = false
        /// Hands a node to `body` inside the engine's scan: false ends the scan (stopped, or failed).
        func deliver(_ node: NodeValue) -> Bool {
            do throws(QueryError) {
                guard try body(node) else {
                    stopped = true
                    return false
                }
            } catch {
                failure = error
                return false
            }
            return true
        }
        do {
            if pin.isLatestInstant && pin.validFrom == now && usePresentForNodes {
                // Now: versions the R-tree of the present holds become partial nodes without a read.
                try reader.forEachEntityNow(withLabel: label, at: now) { (found: EntityNow) -> Bool in
                    switch found {
                    case .kept(let hit, let geometry):
                        madePartialNodes = true
                        return deliver(SpatialAccessRunner.partialNode(hit, KeptGeometry(geometry), pin))
                    case .read(let version):
                        engineReads += 1
                        return deliver(Self.node(version))
                    }
                }
            } else {
                try reader.forEachEntity(withLabel: label, validAt: pin.validFrom, system: pin.system) {
                    (version: EntityVersion) -> Bool in
                    engineReads += 1  // one version read per entity reached
                    return deliver(Self.node(version))
                }
            }
        } catch { throw wrap(error) }
        if let failure { throw failure }
        return !stopped
    }
}

/// One entity version, as a dictionary key: a statement can meet several versions of one entity.
struct VersionKey: Hashable {
    let id: String
    let validFrom: Int64
    let systemFrom: Int64

    init(_ node: NodeValue) {
        id = node.id
        validFrom = node.validFrom
        systemFrom = node.systemFrom
    }
}

/// What a spatial index hit tells about one entity version.
struct KnownVersion {
    var bounds: SpatialBounds
    /// The geometry as the in-memory R-trees keep it (looked up when asked for).
    var shape: KeptGeometry
    var pin: TimePin
    /// The distance a k-nearest search measured from its position to this version's geometry
    /// (``GeometryEngine/distanceMeters(from:to:)``, which `distance()` of the same two returns).
    var nearest: (from: Coordinate, meters: Double)? = nil

    var geometry: Geometry? { shape.geometry }
}

/// The bounds of an axis-aligned rectangle, as a dictionary key.
struct RectangleKey: Hashable {
    let west: Double
    let south: Double
    let east: Double
    let north: Double

    init(_ bounds: SpatialBounds) {
        west = bounds.minLongitude
        south = bounds.minLatitude
        east = bounds.maxLongitude
        north = bounds.maxLatitude
    }
}

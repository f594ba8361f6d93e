import TesseraCore
import TesseraGeometry
import TesseraGraph

/// Functions that read the graph or the matched versions' time bounds.
enum GraphFunctions {
    static let arities: [String: ClosedRange<Int>] = [
        "startnode": 1...1, "endnode": 1...1, "validfrom": 1...1, "validto": 1...1, "systemfrom": 1...1,
        "systemto": 1...1, "versions": 1...1, "changes": 1...2,
    ]

    static func call(_ name: String, _ arguments: [QueryValue], _ context: ExecutionContext) throws(QueryError)
        -> QueryValue?
    {
        guard let arity = arities[name] else { return nil }
        guard arity.contains(arguments.count) else {
            throw QueryError.semantic("InvalidNumberOfArguments", "\(name)() takes \(arity) argument(s)")
        }
        let access = context.access
        switch (name, arguments[0]) {
        case (_, .null):
            return .null
        case ("startnode", .relationship(let r)), ("endnode", .relationship(let r)):
            let id = name == "startnode" ? r.start : r.end
            let pin = TimePin.instant(max(r.validFrom, Int64.min + 1), system: .latest)
            let found = try access.node(id, pin: r.validFrom == Int64.min ? context.defaultPin : pin)
            return found.first.map(QueryValue.node) ?? .null
        case ("validfrom", .node(let n)): return time(n.validFrom)
        case ("validto", .node(let n)): return time(n.validTo)
        case ("systemfrom", .node(let n)): return time(n.systemFrom)
        case ("systemto", .node(let n)): return time(n.systemTo)
        case ("validfrom", .relationship(let r)): return time(r.validFrom)
        case ("validto", .relationship(let r)): return time(r.validTo)
        case ("systemfrom", .relationship(let r)): return time(r.systemFrom)
        case ("systemto", .relationship(let r)): return time(r.systemTo)
        case ("versions", .node(let n)):
            do {
                return .list(try access.reader.history(of: n.id).map { .node(GraphAccess.node($0)) })
            } catch { throw QueryError(.runtime, .storageError, error.message) }
        case ("versions", .relationship(let r)):
            do {
                return .list(
                    try access.reader.edgeHistory(of: r.id).map { .relationship(GraphAccess.relationship($0)) })
            } catch { throw QueryError(.runtime, .storageError, error.message) }
        case ("changes", let from):
            guard let start = TimeValues.micros(from) else {
                throw QueryError.type("changes() expects a datetime, got \(from.typeName)")
            }
            var end = Time.forever
            if arguments.count == 2, !arguments[1].isNull {
                guard let value = TimeValues.micros(arguments[1]) else {
                    throw QueryError.type("changes() expects a datetime, got \(arguments[1].typeName)")
                }
                end = value
            }
            do {
                return .list(
                    try access.reader.changes(fromSystemTime: start, toSystemTime: end).map { change in
                        .map([
                            "system_time": time(change.systemTime), "kind": .string(change.subject.rawValue),
                            "operation": .string(change.operation.rawValue), "id": .string(change.id),
                            "valid_from": time(change.valid.from), "valid_to": time(change.valid.to),
                        ])
                    })
            } catch { throw QueryError(.runtime, .storageError, error.message) }
        case (_, let other):
            throw QueryError.type("\(name)() does not accept a \(other.typeName)")
        }
    }

    /// An engine time as a datetime value (null for the open ends of intervals).
    static func time(_ micros: Int64) -> QueryValue {
        if micros == Time.forever || micros == Time.beginning { return .null }
        return TimeValues.dateTime(micros)
    }
}

/// Conversions between engine times (µs since the epoch, UTC) and query values.
enum TimeValues {
    static func micros(_ value: QueryValue) -> Int64? {
        switch value {
        case .int(let i): return i
        case .string(let text): return Time.parse(text)
        case .dateTime(let d): return d.epochMicros
        case .localDateTime(let d): return d.epochSecond &* 1_000_000 &+ Int64(d.nanosecond / 1000)
        case .date(let d): return d.epochDay &* 86_400_000_000
        default: return nil
        }
    }

    static func dateTime(_ micros: Int64) -> QueryValue {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let nanos = Int32((micros - seconds * 1_000_000) * 1000)
        return .dateTime(DateTimeValue(epochSecond: seconds, nanosecond: nanos, offsetSeconds: 0))
    }
}

/// Runs a spatial access path: the space-time index (or the R-tree of the present) as a prefilter.
enum SpatialAccessRunner {
    static func window(_ spatial: SpatialAccess, _ evaluator: Evaluator, _ env: Environment) throws(QueryError)
        -> SpatialBounds?
    {
        // A node found through the spatial index stands for its whole version (its geometry is read here).
        let value = evaluator.context.access.materialized(try evaluator.evaluate(spatial.window, env))
        guard let geometry = try SpatialFunctions.geometry(of: value), var box = geometry.boundingBox else {
            return nil
        }
        if let radiusExpr = spatial.radius {
            let radius = try evaluator.evaluate(radiusExpr, env)
            let metres: Double
            switch radius {
            case .int(let i): metres = Double(i)
            case .float(let f): metres = f
            default: return nil
            }
            box = box.expanded(byMeters: max(0, metres))
        }
        return SpatialBounds(
            minLongitude: box.minLongitude, minLatitude: box.minLatitude, maxLongitude: box.maxLongitude,
            maxLatitude: box.maxLatitude)
    }

    /// The k nodes nearest to a point, nearest first.
    static func nearest(
        _ pointExpr: Expr, k: Int, _ evaluator: Evaluator, _ env: Environment, _ pin: TimePin, label: String?
    ) throws(QueryError) -> [NodeValue] {
        let value = evaluator.context.access.materialized(try evaluator.evaluate(pointExpr, env))
        guard let geometry = try SpatialFunctions.geometry(of: value), case .point(let c) = geometry else {
            return []
        }
        let access = evaluator.context.access
        let labels = label.map { [$0] }
        let hits: [(hit: SpatialHit, distanceMeters: Double, geometry: Geometry?)]
        do {
            // The R-tree of the present when it reflects the statement's snapshot, else the space-time index.
            if pin.isLatestInstant && pin.validFrom == access.now,
                let present = try access.graph.nearestNowWithGeometry(
                    longitude: c.longitude, latitude: c.latitude, k: k, labels: labels, at: access.now,
                    consistentWith: access.reader)
            {
                hits = present
            } else {
                hits = try access.graph.nearest(
                    longitude: c.longitude, latitude: c.latitude, k: k, validAt: pin.validFrom, system: pin.system,
                    labels: labels, reader: access.reader
                ).map { ($0.hit, $0.distanceMeters, nil) }
            }
        } catch { throw QueryError(.runtime, .storageError, error.message) }
        access.engineReads += 1
        // Each node keeps the distance the search measured, which `distance(n, p)` of the same position returns
        // instead of measuring again (an ORDER BY of the k nearest evaluates it for every row).
        let nodes = hits.map { found in
            partialNode(found.hit, KeptGeometry(found.geometry), pin, nearest: (c, found.distanceMeters))
        }
        return overlaid(nodes, access)
    }

    /// The distance a k-nearest search measured between `a` and `b` (a node it found and the position it searched
    /// from, either way round), if it did.
    static func knownDistance(_ a: QueryValue, _ b: QueryValue) -> Double? {
        let node: NodeValue
        let other: QueryValue
        if case .node(let n) = a {
            node = n
            other = b
        } else if case .node(let n) = b {
            node = n
            other = a
        } else {
            return nil
        }
        guard let nearest = node.known?.nearest, let position = SpatialFunctions.surfacePosition(other),
            position == nearest.from
        else { return nil }
        return nearest.meters
    }

    /// Partial nodes for index hits, one per version, with what the index told about each (a statement's own
    /// writes applied). Properties are read only if the statement needs them.
    static func partialNodes(_ hits: [(hit: SpatialHit, shape: KeptGeometry)], _ pin: TimePin, _ access: GraphAccess)
        -> [NodeValue]
    {
        overlaid(hits.map { partialNode($0.hit, $0.shape, pin) }, access)
    }

    /// The partial node for one index hit: what the index told about the version, its properties unread.
    static func partialNode(
        _ hit: SpatialHit, _ shape: KeptGeometry, _ pin: TimePin, nearest: (from: Coordinate, meters: Double)? = nil
    ) -> NodeValue {
        NodeValue(
            partial: hit.id, labels: hit.labels, validFrom: hit.valid.from, validTo: hit.valid.to,
            systemFrom: hit.system.from, systemTo: hit.system.to,
            known: KnownVersion(bounds: hit.bounds, shape: shape, pin: pin, nearest: nearest))
    }

    /// Partial nodes with the statement's own writes applied: nodes it deleted left out, nodes it changed
    /// refreshed.
    static func overlaid(_ nodes: [NodeValue], _ access: GraphAccess) -> [NodeValue] {
        access.madePartialNodes = access.madePartialNodes || !nodes.isEmpty
        // Without writes in the statement no node has an overlay: no lookup per node.
        guard !access.nodes.isEmpty else { return nodes }
        return nodes.compactMap { node in
            guard let overlay = access.nodes[node.id] else { return node }
            return overlay == nil ? nil : access.refreshed(node)
        }
    }

    /// The nodes the access path finds: by box, or exactly when `exact` (the path's conjunct, which then needs
    /// not be tested again; see ``engineTest(_:name:_:_:)``).
    static func candidates(
        _ spatial: SpatialAccess, _ evaluator: Evaluator, _ env: Environment, _ pin: TimePin, label: String?,
        exactly exact: ExactPredicate? = nil
    ) throws(QueryError) -> [NodeValue] {
        let bounds: SpatialBounds?
        if let exact {
            bounds = exact.geometry.boundingBox.map {
                SpatialBounds(
                    minLongitude: $0.minLongitude, minLatitude: $0.minLatitude, maxLongitude: $0.maxLongitude,
                    maxLatitude: $0.maxLatitude)
            }
        } else {
            bounds = try window(spatial, evaluator, env)
        }
        guard let bounds else { return [] }
        let access = evaluator.context.access
        let labels = label.map { [$0] }
        // One partial node per version the index found, made as the engine finds them. Versions whose box misses
        // the window are left out, which the predicate behind the access path would reject anyway.
        let nodes: [NodeValue]
        do {
            let make = { (hit: SpatialHit, shape: KeptGeometry) in partialNode(hit, shape, pin) }
            // The R-tree of the present when it reflects the statement's snapshot, else the space-time index.
            if pin.isLatestInstant && pin.validFrom == access.now,
                let present = try access.graph.entitiesNowWithGeometry(
                    intersecting: bounds, labels: labels, at: access.now, consistentWith: access.reader,
                    ordered: false, exactly: exact, make)
            {
                nodes = present
            } else if pin.isInstant {
                nodes = try access.reader.entitiesWithGeometry(
                    intersecting: bounds, validAt: pin.validFrom, system: pin.system, labels: labels, ordered: false,
                    exactly: exact, make)
            } else {
                nodes = try access.reader.entitiesWithGeometry(
                    intersecting: bounds, validFrom: pin.validFrom, validTo: pin.validTo, system: pin.system,
                    labels: labels, ordered: false, exactly: exact, make)
            }
        } catch {
            // The window itself may be at fault (the engine tests it exactly): an argument error, not storage.
            if error.kind == .invalidGeometry { throw QueryError.argument("\(spatial.predicate)(): \(error.message)") }
            throw QueryError(.runtime, .storageError, error.message)
        }
        access.engineReads += 1
        guard pin.isInstant || !access.hasWrites else {
            // Over an interval after this statement's writes: every version the overlay lets through.
            var result: [NodeValue] = []
            var seen: Set<String> = []
            for node in nodes where seen.insert(node.id).inserted { result += try access.node(node.id, pin: pin) }
            return result
        }
        return overlaid(nodes, access)
    }

    /// The predicate the engine can test itself while it finds the candidates, for `conjunct` (the access path's
    /// `intersects(n, w)`, `intersects(w, n)` or `within(n, w)` on the node bound to `name`): when `w` is a
    /// geometry value or a node with a geometry (its version's own), in a statement that has written nothing yet
    /// (its writes could have moved a node). Nil otherwise (points, which carry their reference system, and
    /// anything else, are left to ``exactly(_:_:name:_:_:)``).
    static func engineTest(_ conjunct: Expr, name: String, _ evaluator: Evaluator, _ env: Environment)
        throws(QueryError) -> ExactPredicate?
    {
        guard !evaluator.context.access.hasWrites, case .function(let function, _, let arguments, _) = conjunct,
            arguments.count == 2
        else { return nil }
        let predicate = function.lowercased()
        let windowArgument: Expr
        if case .variable(let v, _) = arguments[0], v == name {
            windowArgument = arguments[1]
        } else if predicate == "intersects", case .variable(let v, _) = arguments[1], v == name {
            windowArgument = arguments[0]
        } else {
            return nil
        }
        guard predicate == "intersects" || predicate == "within" else { return nil }
        let window: Geometry
        switch try evaluator.evaluate(windowArgument, env) {
        case .geometry(let geometry):
            window = geometry
        case .node(let node):
            // A node stands for its version's geometry (read when the index found it).
            let whole = evaluator.context.access.materialized(.node(node))
            guard let geometry = try SpatialFunctions.geometry(of: whole) else { return nil }
            window = geometry
        default:
            return nil
        }
        return predicate == "intersects" ? .intersects(window) : .within(window)
    }

    /// The candidates for which `conjunct` (an `intersects` or `within` on the node bound to `name` and a window
    /// that does not depend on it) holds: decided directly from the window's value where ``decide`` can, else
    /// by evaluating the conjunct as the match's filter would.
    static func exactly(
        _ candidates: [NodeValue], _ conjunct: Expr, name: String, _ evaluator: Evaluator, _ env: Environment
    ) throws(QueryError) -> [NodeValue] {
        guard case .function(let function, _, let arguments, _) = conjunct, arguments.count == 2 else {
            return candidates
        }
        let predicate = function.lowercased()
        let nodeFirst: Bool
        if case .variable(let v, _) = arguments[0], v == name { nodeFirst = true } else { nodeFirst = false }
        let window = try evaluator.evaluate(nodeFirst ? arguments[1] : arguments[0], env)
        let access = evaluator.context.access
        // The window's rectangle, worked out once for all candidates (nil: not an axis-aligned rectangle).
        var rectangle: (geometry: Geometry, bounds: SpatialBounds)?
        if !access.hasWrites, case .geometry(let shape) = window, case .polygon(let rings) = shape,
            let bounds = Self.rectangle(rings)
        {
            rectangle = (shape, bounds)
        }
        var kept: [NodeValue] = []
        kept.reserveCapacity(candidates.count)
        for candidate in candidates {
            try evaluator.context.tick()
            if let rectangle,
                let decided = decide(
                    predicate, candidate, window: rectangle.geometry, rectangle: rectangle.bounds, access)
            {
                if decided { kept.append(candidate) }
                continue
            }
            var inner = env
            inner.locals.append((name, .node(candidate)))
            if try evaluator.holds(conjunct, inner) { kept.append(candidate) }
        }
        return kept
    }

    /// Decides `intersects` / `within` between a node and an axis-aligned rectangle (a query window): from the
    /// node's box when it lies inside the rectangle or apart from it, else exactly against the rectangle prepared
    /// once per statement. The box and geometry come from the spatial index for its hits, else from the node's
    /// geometry parsed once per statement. Nil when the arguments are not of that shape.
    static func decide(_ name: String, _ arguments: [QueryValue], _ access: GraphAccess) -> QueryValue? {
        guard arguments.count == 2, !access.hasWrites else { return nil }
        var node: NodeValue?
        var other: QueryValue = .null
        if case .node(let n) = arguments[0] {
            node = n
            other = arguments[1]
        } else if name == "intersects", case .node(let n) = arguments[1] {
            node = n
            other = arguments[0]
        }
        guard let node, case .geometry(let window) = other, case .polygon(let rings) = window,
            let rectangle = rectangle(rings)
        else { return nil }
        return decide(name, node, window: window, rectangle: rectangle, access).map(QueryValue.bool)
    }

    /// ``decide(_:_:_:)`` for a node and a window known to be the axis-aligned `rectangle`.
    static func decide(
        _ name: String, _ node: NodeValue, window: Geometry, rectangle: SpatialBounds, _ access: GraphAccess
    ) -> Bool? {
        let known = node.known
        var shape = known?.geometry
        let box: SpatialBounds
        if let known {
            box = known.bounds
        } else {
            guard let parsed = access.parsedGeometry(of: node), let parsedBox = parsed.boundingBox else { return nil }
            shape = parsed
            box = SpatialBounds(
                minLongitude: parsedBox.minLongitude, minLatitude: parsedBox.minLatitude,
                maxLongitude: parsedBox.maxLongitude, maxLatitude: parsedBox.maxLatitude)
        }
        // Inside the closed rectangle decides `intersects`; `within` needs the interior (a point on the
        // rectangle's edge is not within it), so a box touching the edge is left to the exact test.
        let inside =
            name == "intersects"
            ? box.minLongitude >= rectangle.minLongitude && box.maxLongitude <= rectangle.maxLongitude
                && box.minLatitude >= rectangle.minLatitude && box.maxLatitude <= rectangle.maxLatitude
            : box.minLongitude > rectangle.minLongitude && box.maxLongitude < rectangle.maxLongitude
                && box.minLatitude > rectangle.minLatitude && box.maxLatitude < rectangle.maxLatitude
        let apart =
            box.maxLongitude < rectangle.minLongitude || box.minLongitude > rectangle.maxLongitude
            || box.maxLatitude < rectangle.minLatitude || box.minLatitude > rectangle.maxLatitude
        if inside { return true }
        if apart { return false }
        // Straddling or touching the rectangle's edge: the exact test.
        guard let prepared = access.prepared(rectangle: rectangle, geometry: window) else { return nil }
        if shape == nil { shape = access.parsedGeometry(of: access.completed(node)) }
        guard let geometry = shape else { return nil }
        if name == "intersects",
            geometry.hasVertex(
                in: BoundingBox(
                    minLongitude: rectangle.minLongitude, minLatitude: rectangle.minLatitude,
                    maxLongitude: rectangle.maxLongitude, maxLatitude: rectangle.maxLatitude))
        {
            return true
        }
        do {
            // within(node, rectangle) holds when the rectangle contains the node's geometry.
            return name == "intersects" ? try prepared.intersects(geometry) : try prepared.contains(geometry)
        } catch { return nil }
    }

    /// The box of a polygon that is an axis-aligned rectangle without holes.
    static func rectangle(_ rings: [[Coordinate]]) -> SpatialBounds? {
        guard let box = Geometry.polygon(rings).axisAlignedRectangle else { return nil }
        return SpatialBounds(
            minLongitude: box.minLongitude, minLatitude: box.minLatitude, maxLongitude: box.maxLongitude,
            maxLatitude: box.maxLatitude)
    }
}

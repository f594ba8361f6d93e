import TesseraCore
import TesseraGeometry

extension QueryValue {
    /// A stored property value as a query value.
    init(stored value: Value) { self.init(property: value) }

    /// This value as a stored property (`nil`: null, which removes the property); errors name the key.
    func storedProperty(key: String) throws(QueryError) -> Value? {
        do { return try toProperty() } catch {
            var named = error
            named.message = "property '\(key)': " + error.message
            throw named
        }
    }

    /// Whether the value can become an entity geometry.
    var isGeometryLike: Bool {
        switch self {
        case .point, .geometry: true
        default: false
        }
    }
}

extension QueryValue {
    /// The ISO 8601 text of a temporal value (`2015-07-21`, `PT1H`), or nil for other values.
    public var temporalText: String? { TemporalFunctions.format(self) }
}

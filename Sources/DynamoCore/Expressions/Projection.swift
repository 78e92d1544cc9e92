/// Applies a ProjectionExpression: keeps only the named paths, keeping their structure.
/// List elements picked by index come back as a shorter list in index order, as in DynamoDB.
public enum Projection {
    indirect enum Node {
        case whole
        case branch(names: [String: Node], indexes: [Int: Node])
    }

    public static func apply(_ paths: [DocumentPath], to item: Item) -> Item {
        var root: [String: Node] = [:]
        for path in paths {
            guard case .name(let first) = path.components.first else { continue }
            root[first] = insert(path.components.dropFirst(), into: root[first])
        }
        var out = Item()
        for (name, node) in root {
            if let value = item[name], let projected = project(value, node) { out[name] = projected }
        }
        return out
    }

    static func insert(_ rest: ArraySlice<PathComponent>, into node: Node?) -> Node {
        guard let head = rest.first else { return .whole }
        if case .whole? = node { return .whole }
        var names: [String: Node] = [:]
        var indexes: [Int: Node] = [:]
        if case .branch(let n, let i)? = node {
            names = n
            indexes = i
        }
        switch head {
        case .name(let key): names[key] = insert(rest.dropFirst(), into: names[key])
        case .index(let k): indexes[k] = insert(rest.dropFirst(), into: indexes[k])
        case .placeholder: break
        }
        return .branch(names: names, indexes: indexes)
    }

    static func project(_ value: AttributeValue, _ node: Node) -> AttributeValue? {
        switch (node, value) {
        case (.whole, _): return value
        case (.branch(let names, _), .m(let map)) where !names.isEmpty:
            var out: [String: AttributeValue] = [:]
            for (key, child) in names {
                if let v = map[key], let p = project(v, child) { out[key] = p }
            }
            return out.isEmpty ? nil : .m(out)
        case (.branch(_, let indexes), .l(let list)) where !indexes.isEmpty:
            var out: [AttributeValue] = []
            for k in indexes.keys.sorted() where k < list.count {
                if let p = project(list[k], indexes[k]!) { out.append(p) }
            }
            return out.isEmpty ? nil : .l(out)
        default:
            return nil
        }
    }
}

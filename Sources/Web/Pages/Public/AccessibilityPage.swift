import Foundation

/// The accessibility statement (`/tilgaengelighedserklaering`): the template's text in the layout.
enum AccessibilityPage {
    static let template = "accessibility"

    struct Model: Encodable { let page: PageInfo }

    static func build(viewer: Viewer) -> Model {
        Model(
            page: PageInfo(
                title: "Tilgængelighedserklæring", description: "Tilgængelighedserklæring for Rådsportalen",
                viewer: viewer, path: SiteURL.accessibility.path))
    }
}

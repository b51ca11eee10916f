import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// Staff's pages: the bills with a form to import one, and per bill the forms to publish a
/// version (a Markdown draft, uploaded or pasted), open or close participation and date its
/// phases, and assign rapporteurs. The engine refuses anyone but staff; these pages send others
/// away before showing a form.
struct StaffPages {
    let engine: Engine
    let site: Site

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/staff", use: home)
        group.post("/staff/bills", use: importBill)
        group.get("/staff/bills/:slug", use: bill)
        group.post("/staff/bills/:slug/versions", use: publish)
        group.post("/staff/bills/:slug/participation", use: participation)
        group.post("/staff/bills/:slug/rapporteurs", use: rapporteurs)
    }

    /// The signed-in staff member; anyone else is refused.
    static func staff(_ context: PageContext) throws -> Identity {
        let identity = try context.signedIn()
        guard identity.account.role >= .staff else {
            throw HemicycleError(.forbidden, "only staff reach the staff pages")
        }
        return identity
    }

    struct HomeContent: Sendable {
        let bills: [BillLine]
        let error: String?
        let pending: Int
    }

    struct BillLine: Sendable {
        let slug: String
        let title: String
        let version: String
    }

    @Sendable func home(_ request: Request, context: PageContext) async throws -> Response {
        _ = try Self.staff(context)
        return try await homePage(context, error: nil)
    }

    func homePage(_ context: PageContext, error: HemicycleError?) async throws -> Response {
        let identity = try Self.staff(context)
        let strings = site.strings(context.visitor.language)
        let bills = try await engine.listBills(limit: 100).items.map {
            BillLine(slug: $0.slug, title: $0.title, version: $0.latestVersion)
        }
        let pending = try await engine.moderationInbox(pendingOnly: true, by: identity).items.count
        return site.page(
            "staff", HomeContent(bills: bills, error: error.map(strings.message), pending: pending),
            title: strings["staff.title"], visitor: context.visitor,
            status: error.map { $0.code == .invalidInput ? .unprocessableContent : $0.code.httpStatus } ?? .ok)
    }

    /// The draft of an upload form: the file chosen, else the text pasted.
    static func draft(_ fields: FormFields) -> String? {
        if let file = fields.files["file"], !file.isEmpty { return String(decoding: file, as: UTF8.self) }
        let pasted = fields["markdown"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return pasted.isEmpty ? nil : pasted
    }

    static func upload(_ fields: FormFields, slug: String? = nil) -> BillUpload {
        BillUpload(
            slug: slug ?? fields["slug"], stage: fields["stage"].flatMap { $0.isEmpty ? nil : $0 },
            date: fields["date"].flatMap { $0.isEmpty ? nil : $0 }, markdown: draft(fields) ?? "")
    }

    @Sendable func importBill(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try Self.staff(context)
        switch await Pages.attempt({ () throws(HemicycleError) in
            try await engine.createBill(Self.upload(context.fields), by: identity)
        }) {
        case .success(let bill): return Pages.redirect(to: "/bills/\(bill.slug)")
        case .failure(let error) where error.code != .internal: return try await homePage(context, error: error)
        case .failure(let error): throw error
        }
    }

    struct BillContent: Sendable {
        let slug: String
        let title: String
        let version: String
        let phase: String
        let open: Bool
        let opensAt: String
        let closesAt: String
        let rapporteurs: String
        let rule: RulePages.RuleForm
        let error: String?
        let notice: String?
    }

    @Sendable func bill(_ request: Request, context: PageContext) async throws -> Response {
        _ = try Self.staff(context)
        return try await billPage(
            context, error: nil, notice: request.uri.queryParameters.get("done").map { _ in "staff.saved" })
    }

    func billPage(_ context: PageContext, error: HemicycleError?, notice: String?, rule: RulePages.RuleForm? = nil)
        async throws -> Response
    {
        let strings = site.strings(context.visitor.language)
        let slug = try context.slug()
        let detail = try await engine.bill(slug)
        let facts = try await engine.participationSummary(of: slug)
        let current = try await engine.promotionRule(of: slug)
        let content = BillContent(
            slug: slug.value, title: detail.title, version: detail.version.number,
            phase: BillPages.line(facts.phase, opens: facts.opensAt, closes: facts.closesAt, strings).text,
            open: facts.phase != "closed", opensAt: facts.opensAt.map(Self.localInput) ?? "",
            closesAt: facts.closesAt.map(Self.localInput) ?? "",
            rapporteurs: try await engine.rapporteurs(of: slug).rapporteurs.joined(separator: ", "),
            rule: rule ?? RulePages.RuleForm(current.rule, strings: strings), error: error.map(strings.message),
            notice: notice.map { strings[$0] })
        return site.page(
            "staff-bill", content, title: strings["staff.title"] + " — " + detail.title, visitor: context.visitor,
            status: error.map { $0.code == .invalidInput ? .unprocessableContent : $0.code.httpStatus } ?? .ok)
    }

    @Sendable func publish(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try Self.staff(context)
        let slug = try context.slug()
        switch await Pages.attempt({ () throws(HemicycleError) in
            try await engine.publishVersion(of: slug, Self.upload(context.fields, slug: slug.value), by: identity)
        }) {
        case .success: return Pages.redirect(to: "/staff/bills/\(slug.value)?done=1")
        case .failure(let error) where error.code != .internal:
            return try await billPage(context, error: error, notice: nil)
        case .failure(let error): throw error
        }
    }

    @Sendable func participation(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try Self.staff(context)
        let slug = try context.slug()
        let fields = context.fields
        let result = await Pages.attempt { () throws(HemicycleError) in
            let change = ParticipationChange(
                open: fields["open"].map { $0 == "true" }, opensAt: try Self.dateSetting(fields["opensAt"], "opensAt"),
                closesAt: try Self.dateSetting(fields["closesAt"], "closesAt"))
            return try await engine.changeParticipation(change, on: slug, by: identity)
        }
        switch result {
        case .success: return Pages.redirect(to: "/staff/bills/\(slug.value)?done=1")
        case .failure(let error) where error.code != .internal:
            return try await billPage(context, error: error, notice: nil)
        case .failure(let error): throw error
        }
    }

    @Sendable func rapporteurs(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try Self.staff(context)
        let slug = try context.slug()
        let handles = (context.fields["handles"] ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace })
            .map(String.init)
        switch await Pages.attempt({ () throws(HemicycleError) in
            try await engine.setRapporteurs(handles, of: slug, by: identity)
        }) {
        case .success: return Pages.redirect(to: "/staff/bills/\(slug.value)?done=1")
        case .failure(let error) where error.code != .internal:
            return try await billPage(context, error: error, notice: nil)
        case .failure(let error): throw error
        }
    }

    /// Dates are typed in Paris time, as the parliament counts them.
    static let parisTime = TimeZone(identifier: "Europe/Paris") ?? .gmt

    /// A date for a `datetime-local` field: `2016-01-15T18:00`, Paris time.
    static func localInput(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = parisTime
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    /// An empty field clears the date; a filled one is read as Paris time.
    static func dateSetting(_ text: String?, _ field: String) throws(HemicycleError) -> ParticipationChange.DateSetting?
    {
        guard let text else { return nil }
        guard !text.isEmpty else { return .clear }
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = parisTime
        guard parts.count >= 5,
            let date = calendar.date(
                from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))
        else {
            throw HemicycleError(
                .invalidInput, "a date and time read 2016-01-15T18:00", key: "date.invalid", field: field)
        }
        return .at(date)
    }
}

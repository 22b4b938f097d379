/// Hands out incident numbers in order, starting after the highest one stored when the database opened.
///
/// Numbers are taken before the write, so a declaration is planned and encoded on the caller's task
/// instead of inside the one writer's transaction. One process owns a database; a number whose write
/// fails (the database is unavailable) is not handed out again, so numbering can skip after such an error.
actor IncidentNumbers {
    private var next: Int

    init(after highest: Int) {
        next = highest + 1
    }

    func take() -> Int {
        defer { next += 1 }
        return next
    }
}

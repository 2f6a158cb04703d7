-- The board meeting's cycle (issue 20, points 1 and 3): scheduled publishing, attendance, minutes
-- draft -> sent for review -> approved at a date, then frozen.

-- A draft publishes itself at publish_at (a job of kind meeting.publish, keyed by the meeting and
-- the time, so that a changed time leaves the old job with nothing to do).
ALTER TABLE meetings ADD COLUMN publish_at timestamptz;

ALTER TABLE meetings ADD COLUMN minutes_status text NOT NULL DEFAULT 'draft'
    CHECK (minutes_status IN ('draft', 'review', 'approved'));
ALTER TABLE meetings ADD COLUMN minutes_sent_at timestamptz;
ALTER TABLE meetings ADD COLUMN minutes_approved_on date;
ALTER TABLE meetings ADD COLUMN minutes_approved_by text NOT NULL DEFAULT '';
ALTER TABLE meetings ADD CONSTRAINT meetings_minutes_approved_date
    CHECK ((minutes_status = 'approved') = (minutes_approved_on IS NOT NULL));

-- Who attended, who sent apologies, who left during which item (the item's number).
CREATE TABLE meeting_attendance (
    meeting_id       bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id          bigint NOT NULL REFERENCES users(id),
    attendance       text NOT NULL CHECK (attendance IN ('present', 'apologies')),
    left_during_item integer CHECK (left_during_item > 0),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id),
    CONSTRAINT meeting_attendance_left_only_present CHECK (left_during_item IS NULL OR attendance = 'present')
);

-- The board members' comments on minutes sent for review.
CREATE TABLE minutes_comments (
    id         bigserial PRIMARY KEY,
    meeting_id bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id),
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX minutes_comments_meeting_idx ON minutes_comments (meeting_id, created_at);

-- Approved minutes are frozen: the database refuses a change to what they consist of (the items'
-- decisions, an item removed with its decision, the attendance, the approval itself), whatever the
-- application does. The agenda's texts stay correctable as the agenda's (recorded as changes). (The repository keeps minutes in draft until the
-- meeting is held; the meeting's own facts stay correctable and are recorded as corrections.)
CREATE FUNCTION refuse_change_to_approved_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    meeting bigint;
BEGIN
    IF TG_TABLE_NAME = 'meetings' THEN
        IF OLD.minutes_status = 'approved' AND (NEW.minutes_status IS DISTINCT FROM OLD.minutes_status
                OR NEW.minutes_approved_on IS DISTINCT FROM OLD.minutes_approved_on) THEN
            RAISE EXCEPTION 'the minutes of meeting % are approved and cannot change', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    meeting := CASE WHEN TG_OP = 'INSERT' THEN NEW.meeting_id ELSE OLD.meeting_id END;
    IF EXISTS (SELECT 1 FROM meetings WHERE id = meeting AND minutes_status = 'approved') THEN
        RAISE EXCEPTION 'the minutes of meeting % are approved and cannot change', meeting USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER meetings_minutes_frozen BEFORE UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_approved_minutes();
CREATE TRIGGER agenda_items_minutes_frozen BEFORE UPDATE OF decision OR DELETE ON agenda_items
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_approved_minutes();
CREATE TRIGGER meeting_attendance_minutes_frozen BEFORE INSERT OR UPDATE OR DELETE ON meeting_attendance
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_approved_minutes();

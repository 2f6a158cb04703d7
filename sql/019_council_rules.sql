-- The council's rules as the seeds word them (issue 18, point 1).

-- The assessment team is 4–5 "som hovedregel": another size is recorded with its written reason,
-- as the number of council members already is (council_count_reason).
ALTER TABLE assessment_cases ADD COLUMN assessor_count_reason text NOT NULL DEFAULT '';

-- The council's members serve for two years, after which they may be reappointed or replaced, and
-- are appointed personally by Regionsdirektørkredsen (seed). The seed gives no dates: the demo's
-- are invented, and term_invented marks them so that the pages say so.
ALTER TABLE council_members
    ADD COLUMN term_start date,
    ADD COLUMN term_end date,
    ADD COLUMN term_invented boolean NOT NULL DEFAULT false,
    ADD COLUMN appointed_by text NOT NULL DEFAULT 'Regionsdirektørkredsen' CHECK (length(appointed_by) BETWEEN 1 AND 200),
    ADD CONSTRAINT council_members_term_order CHECK (term_end > term_start);

-- The one `direktoer` role, with the body each director user belongs to (fx Regionsdirektørkredsen
-- or Regionernes Sundheds-It (RSI); another may be written), and the body that took each decision
-- on a request below the threshold, named on the case. One body per value: never joined by a slash.
ALTER TABLE users ADD COLUMN body text NOT NULL DEFAULT '' CHECK (length(body) <= 200);
ALTER TABLE assessment_cases ADD COLUMN decided_by_body text NOT NULL DEFAULT '' CHECK (length(decided_by_body) <= 200);

-- Scope (seed): the council assesses projects "der omfatter nyudvikling eller væsentlig tilpasning
-- af standard it-løsninger eller allerede eksisterende it-løsninger". The intake asks; a project that
-- is neither is told it is not covered and may still ask (NULL: not answered).
ALTER TABLE assessment_cases ADD COLUMN scope text CHECK (scope IN ('nyudvikling', 'vaesentlig_tilpasning', 'ingen'));

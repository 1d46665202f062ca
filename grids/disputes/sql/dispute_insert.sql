-- A new dispute record of case %(incident_id)s (version 1: its first event is 'record').
INSERT INTO dispute (incident_id, type_code, source, campaign_id, screened_by, received_at, summary,
                     people_involved, amount_involved, violence, risk_computed, risk_factors, stage, building_code,
                     version, changed_at)
VALUES (%(incident_id)s, %(type_code)s, %(source)s, %(campaign_id)s, %(screened_by)s, %(received_at)s, %(summary)s,
        %(people_involved)s, %(amount_involved)s, %(violence)s, %(risk_computed)s, %(risk_factors)s, %(stage)s,
        %(building_code)s, 1, %(at)s)

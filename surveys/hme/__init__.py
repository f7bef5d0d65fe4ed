"""HME: the survey, its rounds, results with anonymity protection, and handlingsplaner."""

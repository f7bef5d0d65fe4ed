"""SKR Kommunkompassen: evaluations, scores per area, findings and the handlingsplan."""

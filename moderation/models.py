# Reports, clinician verification and the moderation log arrive with their issues; the app
# exists from the start so that imports already point the right way (moderation -> forum).

"""A short OCR'd press release of our own, shared by the check and pre-commit tests: a
mis-set run (umlauts and ß lost, quotes read as "," and "*", a line-break hyphen), with
names and a URL that must pass, and the same text corrected."""

OCR = (
    "Staatssekretar Klute er6ffnet Integrationszentrum im Kreis Steinfurt\n"
    "\n"
    "Zur Er6ffnung in Borken sagte Staatssekretar Hecke: ,Wir wollen uns gemeinsam\n"
    "um die Menschen vor Ort kiimmern. Es ist wie beim Ful3ball: entscheidend ist,\n"
    "was auf dem Platz passiert.* Die Landes-\n"
    "regierung unterstutzt die Zentren mit 3,5 Stellen.\n"
    "\n"
    "Ehrenamtliche im Programm KOMM-AN helfen vor Ort. Weitere Informationen\n"
    "unter http://www.land.nrw\n"
)
CLEAN = (
    "Staatssekretär Klute eröffnet Integrationszentrum im Kreis Steinfurt\n"
    "\n"
    "Zur Eröffnung in Borken sagte Staatssekretär Hecke: „Wir wollen uns gemeinsam\n"
    "um die Menschen vor Ort kümmern. Es ist wie beim Fußball: entscheidend ist,\n"
    "was auf dem Platz passiert.“ Die Landesregierung unterstützt die Zentren mit 3,5 Stellen.\n"
    "\n"
    "Ehrenamtliche im Programm KOMM-AN helfen vor Ort. Weitere Informationen\n"
    "unter http://www.land.nrw\n"
)

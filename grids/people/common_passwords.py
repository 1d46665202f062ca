"""Passwords too common to allow (NIST SP 800-63B: refuse values known to be commonly used).

Concept: a guesser tries the most common passwords first, and a lock-out after five failures
(:mod:`grids.people.signin`) does not stop five well-chosen guesses over many accounts. This list holds
the widespread ones of at least 10 characters — shorter ones fail the length rule already — from the
password leaks every list of this kind is drawn from, and the patterns of Chinese users' passwords
(love numbers 5201314/1314, pinyin, QQ-style digits, keyboard walks). Compared in lower case.
"""
COMMON = frozenset("""
1234567890 0987654321 12345678910 1234567891 123456789a a123456789 123456789q q123456789 123456789z
1111111111 0000000000 1212121212 1231231231 1234512345 1122334455 1029384756 9876543210 1357924680
qwertyuiop qwerty1234 qwerty12345 1qaz2wsx3edc 1q2w3e4r5t 1q2w3e4r5t6y zaq12wsxcde asdfghjkl1 zxcvbnm123
asdfghjkl; 1qazxsw23edc q1w2e3r4t5 qweasdzxc1 qweasdzxc123 1qaz@wsx3edc abcdefghij abcd123456 abc1234567
password12 password123 password1234 passw0rd12 p@ssw0rd12 p@ssword123 password!1 iloveyou12 iloveyou123
administrator admin12345 admin123456 admin@1234 root123456 welcome123 letmein123 changeme123 test123456
woaini1314 woaini5201314 5201314520 1314520520 5201314123 520131452 a5201314520 woaini123456
aini1314520 wangyuan123 zhang123456 li123456789 wang123456 liu123456789 chen123456 qq123456789
aa123456789 a1234567890 abc123456789 88888888888 8888888888 6666666666 147258369a 1472583690
123qweasdzxc qweasd123456 asd123456789 123456qwerty 123456abcdef abcdef123456 superman123 football12
baseball12 sunshine12 princess12 dragon1234 monkey1234 michael123 jennifer12 starwars12 trustno123
""".split())

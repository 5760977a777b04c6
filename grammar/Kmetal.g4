// The kmetal configuration language: generic HCL-like blocks. Meaning comes from the block
// schema in compiler/frontend, not from this grammar, which stays small and action-free.
grammar Kmetal;

file       : item* EOF ;
item       : importDecl | letDecl | block ;
importDecl : IMPORT STRING (AS IDENT)? ;
letDecl    : LET IDENT ASSIGN expr ;
block      : IDENT STRING? (EXTENDS IDENT)? LBRACE member* RBRACE ;
member     : attribute | block ;
attribute  : IDENT ASSIGN expr ;
expr       : literal | reference | list ;
list       : LBRACK (expr (COMMA expr)* COMMA?)? RBRACK ;
reference  : IDENT (DOT IDENT)* ;
literal    : STRING | INT | DECIMAL | QUANTITY | IPV4 | IPV6 | CIDR | IP_RANGE | INT_RANGE
           | TRUE | FALSE | AUTO ;

IMPORT  : 'import' ;
AS      : 'as' ;
LET     : 'let' ;
EXTENDS : 'extends' ;
TRUE    : 'true' ;
FALSE   : 'false' ;
AUTO    : 'auto' ;

LBRACE : '{' ;
RBRACE : '}' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' ;
DOT    : '.' ;
ASSIGN : '=' ;

// Address-shaped literals are single tokens (no spaces inside). Their values (octet ranges,
// prefix lengths, host bits) are validated by the AST builder, which can point at the bad part.
IP_RANGE  : (V4 | V6) '-' (V4 | V6) ;
CIDR      : (V4 | V6) '/' DIGITS ;
IPV4      : V4 ;
IPV6      : V6 ;
INT_RANGE : '-'? DIGITS '..' '-'? DIGITS ;
QUANTITY  : '-'? DIGITS ('.' DIGITS)? SUFFIX ;
DECIMAL   : '-'? DIGITS '.' DIGITS ;
INT       : '-'? DIGITS ;

STRING              : '"' (ESCAPE | ~["\\\r\n])* '"' ;
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])* '\\'? ;

IDENT : [A-Za-z_] [A-Za-z0-9_-]* ;

// Anything number-like that no rule above accepts (0x10, 1e3, 1.2.3): one token, so the
// error names the whole literal instead of a confusing syntax error after its first digit.
BAD_NUMBER : '-'? [0-9] [0-9A-Za-z_.:/-]* ;

COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN) ;
WS      : [ \t\r\n]+ -> channel(HIDDEN) ;
ERROR_CHAR : . ;

fragment DIGITS : [0-9]+ ;
fragment V4     : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ;
fragment V6     : [0-9A-Fa-f]* ':' [0-9A-Fa-f:]* V4? ;
fragment ESCAPE : '\\' ~[\r\n] ;
fragment SUFFIX : 'm' | 'k' | 'M' | 'G' | 'T' | 'P' | 'E'
                | 'Ki' | 'Mi' | 'Gi' | 'Ti' | 'Pi' | 'Ei' ;

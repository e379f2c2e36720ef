package dev.dnevnik.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.dnevnik.common.problem.ProblemException;

class CurrentUserTest {

    @Test
    void readsTheUserIdFromTheSubject() {
        UUID id = UUID.randomUUID();
        assertEquals(id, CurrentUser.parse(id.toString()));
    }

    @Test
    void treatsASubjectThatIsNotAUserIdAsUnauthenticated() {
        for (String subject : new String[] { null, " ", "alice", "1-2-3-4-5" }) {
            ProblemException problem = assertThrows(ProblemException.class, () -> CurrentUser.parse(subject));
            assertEquals(401, problem.status());
        }
    }
}
